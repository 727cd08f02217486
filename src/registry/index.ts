// Comment-preserving edits of the operator's registry YAML.
export { type Repin, type RepinChange, repinHandles, type RepinOptions, type RepinResult } from './repin.js';
export { repinYamlText } from './yaml-repin.js';
