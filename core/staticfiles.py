"""Static files: WhiteNoise's hashed and compressed storage, compressing only what changed.

WhiteNoise compresses every collected file again at each `collectstatic` (Brotli at its
slowest setting, then gzip), Wagtail's admin included: 15-25 s at every `make run`,
every deployment and every setup in CI, for files that did not change.
"""

import os

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

SUFFIXES = (".br", ".gz")


class ChangedFilesCompressor(Compressor):
    def __init__(self, hashed=frozenset(), **kwargs):
        self.hashed = hashed
        super().__init__(**kwargs)

    def compress(self, path):
        compressed = [path + suffix for suffix in SUFFIXES if os.path.exists(path + suffix)]
        if compressed and path in self.hashed:
            # The name holds a hash of the content: the same name, the same file. (Django
            # writes some hashed files again at every run, with a new modification time.)
            return compressed
        # WhiteNoise gives a compressed file the modification time of the file it
        # compressed, to the microsecond: the same time means it was made from this file.
        changed = os.stat(path).st_mtime_ns
        if compressed and all(
            abs(os.stat(name).st_mtime_ns - changed) < 1_000 for name in compressed
        ):
            return compressed
        return super().compress(path)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        hashed = frozenset(self.path(name) for name in self.hashed_files.values())
        return ChangedFilesCompressor(hashed=hashed, **kwargs)
