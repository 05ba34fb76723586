// Runs every test/unit/**/*.test.ts under Node's own test runner; `npm run test:unit -- <substring>` filters files.
import { runNodeTests } from './run-node-tests.mjs';

runNodeTests('test/unit', '.test.ts');
