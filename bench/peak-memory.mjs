// Preloaded (NODE_OPTIONS) into every Node process of a CLI run the benchmark times: each appends its peak
// memory (maximum resident set, bytes) to the file SUPPORT_AUDIT_BENCH_MEMORY names, so the benchmark reports
// the largest, the audit's own process rather than a launcher's.
import { appendFileSync } from 'node:fs';

const file = process.env.SUPPORT_AUDIT_BENCH_MEMORY;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`));
