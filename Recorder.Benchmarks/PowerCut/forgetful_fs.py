#!/usr/bin/env python3
"""A disk that forgets what was never synced: the power-cut tests' filesystem (Recorder.Benchmarks/PowerCut).

    forgetful_fs.py BACKING MOUNTPOINT [--keep-everything]

A FUSE passthrough to BACKING that also keeps, beside it, the image a disk would still hold after losing power: a
file's bytes reach that image only when the file is fsynced, and a name (created, renamed, deleted, in a folder) only
when its folder is fsynced — POSIX's rule, stricter than ext4's defaults, so what passes here does not rely on a
filesystem's kindness. Every write is passed through at once (what the programs on the mount read is what they
wrote); the kernel writes through to it (no writeback cache), so nothing is held back in the kernel either.

Control, one line on stdin:
    cut   the power is cut: BACKING becomes the image (what was not synced is gone), every later call on the mount
          fails with EIO, and one line answers: "cut dropped_bytes=B dropped_files=F dropped_names=N".
Printed once mounted: "mounted". With --keep-everything it is a kind disk that drops nothing at a cut (the tests
show that the power-cut test refuses it).

Debian: sudo apt-get install -y fuse3 python3-fusepy (run as root: libfuse2, which fusepy uses, mounts directly).
"""

import errno
import os
import shutil
import sys
import threading

try:
    from fusepy import FUSE, FuseOSError, Operations
except ImportError:  # fusepy from pip is named fuse
    from fuse import FUSE, FuseOSError, Operations


class ForgetfulFs(Operations):
    def __init__(self, backing, keep_everything):
        self.backing = os.path.realpath(backing)
        self.image = self.backing + ".durable"
        self.keep_everything = keep_everything
        self.gate = threading.Lock()
        self.off = False
        self.next_id = 0
        self.names = {}          # path -> file id, as the programs see them now
        self.dirs = set()        # folders as they are now
        self.durable_names = {}  # path -> file id, as the disk would keep them
        self.durable_dirs = set()
        self.unsynced = {}       # file id -> [(start, end)] written since its last fsync; None: its size changed
        self.handles = {}        # fh -> file id
        self._scan()

    # Everything in BACKING is on the disk when mounted: the image starts as a copy of it.
    def _scan(self):
        shutil.rmtree(self.image, ignore_errors=True)
        os.makedirs(self.image)
        self.names.clear(), self.dirs.clear(), self.durable_names.clear(), self.durable_dirs.clear()
        self.unsynced.clear()
        self.dirs.add("/")
        for root, dirs, files in os.walk(self.backing):
            rel = "/" + os.path.relpath(root, self.backing).replace(os.sep, "/").lstrip("./")
            rel = "/" if rel in ("/", "/.") else rel
            for d in dirs:
                self.dirs.add(self._join(rel, d))
            for f in files:
                fid = self._new_id()
                shutil.copyfile(os.path.join(root, f), self._content(fid))
                self.names[self._join(rel, f)] = fid
        self.durable_names = dict(self.names)
        self.durable_dirs = set(self.dirs)

    @staticmethod
    def _join(folder, name):
        return "/" + name if folder == "/" else folder + "/" + name

    @staticmethod
    def _parent(path):
        return path.rsplit("/", 1)[0] or "/"

    def _new_id(self):
        self.next_id += 1
        return self.next_id

    def _content(self, fid):
        return os.path.join(self.image, str(fid))

    def _full(self, path):
        return self.backing + path

    def __call__(self, op, *args):
        with self.gate:
            if self.off:
                raise FuseOSError(errno.EIO)
            try:
                return super().__call__(op, *args)
            except OSError as e:
                raise FuseOSError(e.errno or errno.EIO)

    def _written(self, fid, start, end):
        if self.keep_everything:
            return
        ranges = self.unsynced.setdefault(fid, [])
        if ranges is not None:
            ranges.append((start, end))

    # --- files ---
    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        return {k: getattr(st, k) for k in ("st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink",
                                             "st_size", "st_uid", "st_ino", "st_blocks")}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._full(path))

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        return {k: getattr(st, k) for k in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree",
                                             "f_files", "f_flag", "f_frsize", "f_namemax")}

    def access(self, path, amode):
        if not os.access(self._full(path), amode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._full(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._full(path), times)

    def create(self, path, mode, fi=None):
        fh = os.open(self._full(path), os.O_RDWR | os.O_CREAT | os.O_TRUNC, mode)
        fid = self._new_id()
        self.names[path] = fid
        self.unsynced[fid] = None if not self.keep_everything else []
        if self.keep_everything:
            self.durable_names[path] = fid
            open(self._content(fid), "wb").close()
        self.handles[fh] = fid
        return fh

    def open(self, path, flags):
        fh = os.open(self._full(path), flags)
        fid = self.names.get(path)
        if fid is None:
            fid = self.names[path] = self._new_id()
        if flags & os.O_TRUNC and not self.keep_everything:
            self.unsynced[fid] = None
        self.handles[fh] = fid
        return fh

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        n = os.pwrite(fh, data, offset)
        self._written(self.handles[fh], offset, offset + n)
        if self.keep_everything:
            self._sync(fh)
        return n

    def truncate(self, path, length, fh=None):
        if fh is None:
            os.truncate(self._full(path), length)
            fid = self.names[path]
        else:
            os.ftruncate(fh, length)
            fid = self.handles[fh]
        if self.keep_everything:
            self._sync_path(path, fid)
        else:
            self.unsynced[fid] = None

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)
        self.handles.pop(fh, None)
        return 0

    def fsync(self, path, datasync, fh):
        os.fsync(fh)
        self._sync(fh)
        return 0

    def _sync(self, fh):
        fid = self.handles[fh]
        size = os.fstat(fh).st_size
        self._copy_synced(fid, fh, size)

    def _sync_path(self, path, fid):
        fd = os.open(self._full(path), os.O_RDONLY)
        try:
            self._copy_synced(fid, fd, os.fstat(fd).st_size)
        finally:
            os.close(fd)

    # The bytes written since the last fsync reach the image (all of them when the size changed).
    def _copy_synced(self, fid, fd, size):
        ranges = self.unsynced.pop(fid, [])
        target = self._content(fid)
        if ranges is None or not os.path.exists(target):
            ranges = [(0, size)]
        with open(target, "r+b" if os.path.exists(target) else "w+b") as image:
            for start, end in ranges:
                end = min(end, size)
                if end > start:
                    image.seek(start)
                    image.write(os.pread(fd, end - start, start))
            image.truncate(size)

    # --- names ---
    def unlink(self, path):
        os.unlink(self._full(path))
        self.names.pop(path, None)
        if self.keep_everything:
            self.durable_names.pop(path, None)

    def mkdir(self, path, mode):
        os.mkdir(self._full(path), mode)
        self.dirs.add(path)
        if self.keep_everything:
            self.durable_dirs.add(path)

    def rmdir(self, path):
        os.rmdir(self._full(path))
        self.dirs.discard(path)
        if self.keep_everything:
            self.durable_dirs.discard(path)

    def rename(self, old, new):
        os.rename(self._full(old), self._full(new))
        for table in (self.names,) + ((self.durable_names,) if self.keep_everything else ()):
            for path in [p for p in table if p == old or p.startswith(old + "/")]:
                table[new + path[len(old):]] = table.pop(path)
        for table in (self.dirs,) + ((self.durable_dirs,) if self.keep_everything else ()):
            for path in [p for p in table if p == old or p.startswith(old + "/")]:
                table.discard(path)
                table.add(new + path[len(old):])

    def fsyncdir(self, path, datasync, fh):
        # The folder's entries as they are now become the disk's: names of files and of folders directly in it.
        for path_ in [p for p in self.durable_names if self._parent(p) == path]:
            del self.durable_names[path_]
        for path_, fid in self.names.items():
            if self._parent(path_) == path:
                self.durable_names[path_] = fid
        self.durable_dirs = {d for d in self.durable_dirs if d == "/" or self._parent(d) != path}
        self.durable_dirs |= {d for d in self.dirs if d != "/" and self._parent(d) == path}
        return 0

    def opendir(self, path):
        return 0

    def releasedir(self, path, fh):
        return 0

    # --- the power cut ---
    def cut(self):
        with self.gate:
            self.off = True
            dropped_bytes = 0
            for fid, ranges in self.unsynced.items():
                if ranges is None:
                    dropped_bytes += 1
                else:
                    dropped_bytes += sum(end - start for start, end in _merged(ranges))
            dropped_files = len([r for r in self.unsynced.values() if r is None or r])
            dropped_names = len(set(self.names.items()) ^ set(self.durable_names.items())) + len(self.dirs ^ self.durable_dirs)
            for entry in os.listdir(self.backing):
                full = os.path.join(self.backing, entry)
                shutil.rmtree(full) if os.path.isdir(full) and not os.path.islink(full) else os.unlink(full)
            # A folder (and a name in it) is on the disk only when every folder above it is.
            def kept(path):
                parent = self._parent(path)
                return parent == "/" or (parent in self.durable_dirs and kept(parent))
            for folder in sorted((d for d in self.durable_dirs if d != "/" and kept(d)), key=len):
                os.makedirs(self._full(folder), exist_ok=True)
            for path, fid in self.durable_names.items():
                if kept(path):
                    if os.path.exists(self._content(fid)):
                        shutil.copyfile(self._content(fid), self._full(path))
                    else:
                        open(self._full(path), "wb").close()  # the name was synced, never its bytes
            shutil.rmtree(self.image, ignore_errors=True)
            return "cut dropped_bytes=%d dropped_files=%d dropped_names=%d" % (dropped_bytes, dropped_files, dropped_names)


def _merged(ranges):
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    fs = ForgetfulFs(args[0], "--keep-everything" in sys.argv)

    def control():
        for line in sys.stdin:
            if line.strip() == "cut":
                print(fs.cut(), flush=True)

    original_init = fs.init

    def init(path):
        print("mounted", flush=True)
        threading.Thread(target=control, daemon=True).start()
        return original_init(path)

    fs.init = init
    FUSE(fs, args[1], foreground=True, nothreads=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
