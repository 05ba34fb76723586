// Legibility of the model editor on the real SD 1.5 UNet in the light theme: screenshots at fit and 1:1 of
// the top level and of up_blocks.3 open, every text element >= 4.5:1 against its fill, spill markers apart
// from the heat fill. The suite is in fixtures/contrast.ts. Needs `node scripts/build.mjs --only=webview`.
import { contrastSuite } from './fixtures/contrast';

contrastSuite('light');
