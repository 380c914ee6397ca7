"""A FUSE filesystem for tests: a pass-through to BACKING whose writes fail with the kernel's
own EIO once a byte budget is spent, as a failing disk does. Reads keep working, so what was
written before the failure can be read back. The budget is the number in CONTROL/budget (bytes
that may still be written); no such file means no limit. Needs root, /dev/fuse and
python3-fuse (Debian's package). Usage: eio-fs.py BACKING CONTROL MOUNTPOINT -f -s"""
import errno
import os
import sys

import fuse
from fuse import Fuse

fuse.fuse_python_api = (0, 2)
BACKING = sys.argv.pop(1)
CONTROL = sys.argv.pop(1)
BUDGET = os.path.join(CONTROL, 'budget')


def spend(size):
    """True when `size` more bytes may be written (and takes them from the budget)."""
    try:
        with open(BUDGET) as f:
            left = int(f.read().strip() or '0')
    except FileNotFoundError:
        return True
    if size > left:
        return False
    with open(BUDGET, 'w') as f:
        f.write(str(left - size))
    return True


def errno_of(call):
    try:
        result = call()
        return 0 if result is None else result
    except OSError as e:
        return -e.errno


class EioFS(Fuse):
    def real(self, path):
        return os.path.join(BACKING, path.lstrip('/'))

    def getattr(self, path):
        return errno_of(lambda: os.lstat(self.real(path)))

    def readdir(self, path, offset):
        for name in ['.', '..'] + os.listdir(self.real(path)):
            yield fuse.Direntry(name)

    def open(self, path, flags):
        return errno_of(lambda: os.close(os.open(self.real(path), flags & ~(os.O_CREAT | os.O_EXCL | os.O_TRUNC))))

    def create(self, path, flags, mode):
        return errno_of(lambda: os.close(os.open(self.real(path), flags | os.O_CREAT, mode)))

    def read(self, path, size, offset):
        with open(self.real(path), 'rb') as f:
            f.seek(offset)
            return f.read(size)

    def write(self, path, buf, offset):
        if not spend(len(buf)):
            return -errno.EIO
        fd = os.open(self.real(path), os.O_WRONLY)
        try:
            return os.pwrite(fd, buf, offset)
        finally:
            os.close(fd)

    def truncate(self, path, size):
        return errno_of(lambda: os.truncate(self.real(path), size))

    def ftruncate(self, path, size, fh=None):
        return errno_of(lambda: os.truncate(self.real(path), size))

    def mkdir(self, path, mode):
        return errno_of(lambda: os.mkdir(self.real(path), mode))

    def rmdir(self, path):
        return errno_of(lambda: os.rmdir(self.real(path)))

    def unlink(self, path):
        return errno_of(lambda: os.unlink(self.real(path)))

    def rename(self, old, new):
        return errno_of(lambda: os.rename(self.real(old), self.real(new)))

    def chmod(self, path, mode):
        return errno_of(lambda: os.chmod(self.real(path), mode))

    def utimens(self, path, ts_acc, ts_mod):
        return 0

    def fsync(self, path, datasync, fh=None):
        return 0

    def flush(self, path, fh=None):
        return 0

    def release(self, path, flags, fh=None):
        return 0


server = EioFS(version='%prog ' + fuse.__version__, usage='', dash_s_do='setsingle')
server.parse(errex=1)
server.main()
