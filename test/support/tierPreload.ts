import { MongoClient } from 'mongodb';
import { reachesServer } from './tier.js';

/**
 * Loaded (`node --import`) into every test process test/run-tests starts: a MongoClient that
 * connects reaches a server as the helpers do, so a test file cannot reach one through a client
 * of its own and stay in the fast tier. The driver connects through `connect()`, also when an
 * operation connects a client implicitly.
 */
const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function connectInItsTier(this: MongoClient) {
  try {
    reachesServer('it connects a MongoClient');
  } catch (error) {
    return Promise.reject(error);
  }
  return connect.call(this);
};
