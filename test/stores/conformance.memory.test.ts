import { describe, it } from 'vitest';
import { memoryStore } from '../../src/stores/memory.js';
import { describeStoreConformance } from '../../src/testing/index.js';

describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }), { describe, it });
