// Test-only preload for third-party servers that listen on every interface: pins their listen()
// to 127.0.0.1 (tests bind loopback only) and reports the port they got on stderr.
import net from 'node:net';
import process from 'node:process';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function pinned(...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    const callback = args.find((a) => typeof a === 'function');
    args = [{ port: Number(args[0]), host: '127.0.0.1' }, ...(callback ? [callback] : [])];
  }
  this.once('listening', () => process.stderr.write(`PARALLAX_LISTENING ${this.address().port}\n`));
  return listen.apply(this, args);
};
