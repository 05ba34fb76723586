// The elkjs layout worker (bundled by scripts/build.mjs to dist/webview/layout/layout.worker.js).
// elk-worker.min.js installs its own message dispatcher on `self` when it runs inside a worker,
// speaking the protocol of elkjs/lib/elk-api; the page drives it through ELK({ workerFactory }).
import 'elkjs/lib/elk-worker.min.js';
