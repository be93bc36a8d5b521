/** Operating characteristics of the bootstrap gates: quantile and mean ratios (see oc-suite.ts). */
import { isBootstrapGate } from './compute-table.js';
import { describeOperatingCharacteristics } from '../../../test-support/operating-characteristics-suite.js';

describeOperatingCharacteristics('operating characteristics: quantile and mean ratios', isBootstrapGate);
