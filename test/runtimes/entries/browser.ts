// The scenario as a classic script for a web page: it defines `globalThis.runMfakitScenario`, which
// the test calls through the browser driver.
import { runScenario } from '../scenario.js';

(globalThis as { runMfakitScenario?: typeof runScenario }).runMfakitScenario = runScenario;
