import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { describeStoreBehaviour } from './behaviour.js';

describeStoreBehaviour('MemoryStore', () => Promise.resolve(new MemoryStore()));
