import { memoryStore } from '../../src/stores/memory.js';
import { describeStoreConformance } from '../../src/testing/conformance.js';

describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }));
