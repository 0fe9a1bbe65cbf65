// Encodes and packages the e2e media once (written for ottedge); run.sh calls it before the suites.
import { prepare } from './lib.mjs';
const dir = prepare({ log: (m) => console.log(`# ${m}`) });
console.log(`# e2e media in ${dir}`);
