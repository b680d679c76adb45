import net from 'node:net';
import { BSON } from 'mongodb';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/**
 * A server that answers the driver's handshake as a MongoDB of other wire versions would, so
 * that the real driver produces its real "wire version" error; no MongoDB older than 4.4 (or
 * newer than the driver) can be installed here. Every command gets the same hello document.
 */
export async function startHandshakeServer(wire: {
  min: number;
  max: number;
}): Promise<{ uri: string; close(): Promise<void> }> {
  const hello = BSON.serialize({
    ismaster: true,
    isWritablePrimary: true,
    maxWireVersion: wire.max,
    minWireVersion: wire.min,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 1000,
    ok: 1,
  });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const requestId = pending.readInt32LE(4);
        const opCode = pending.readInt32LE(12);
        pending = pending.subarray(length);
        if (opCode === OP_QUERY) socket.write(reply(requestId, OP_REPLY, opReplyBody(hello)));
        else if (opCode === OP_MSG) socket.write(reply(requestId, OP_MSG, opMsgBody(hello)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function reply(responseTo: number, opCode: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(responseTo + 1, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

/** responseFlags, cursorID, startingFrom, numberReturned, then the document. */
function opReplyBody(document: Uint8Array): Buffer {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16);
  return Buffer.concat([fields, document]);
}

/** flagBits, then one section of kind 0 holding the document. */
function opMsgBody(document: Uint8Array): Buffer {
  return Buffer.concat([Buffer.alloc(5), document]);
}
