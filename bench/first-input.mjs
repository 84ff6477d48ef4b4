// Preloaded into `node dist/index.js` by the benchmark: reports, once, how long after the process started the
// action first read one of its inputs (an INPUT_* variable).
import { writeSync } from 'node:fs';

const env = process.env;
let reported = false;
process.env = new Proxy(env, {
  get(target, key) {
    if (!reported && typeof key === 'string' && key.startsWith('INPUT_')) {
      reported = true;
      writeSync(2, `first-input-read-ms=${performance.now().toFixed(1)}\n`);
    }
    return Reflect.get(target, key);
  },
});
