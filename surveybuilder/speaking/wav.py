"""Reading a WAV file's header: whether the bytes are a playable PCM WAV file and how
long it lasts, without any audio library (checked after every recording, and by the
tests)."""

from __future__ import annotations

import struct
from dataclasses import dataclass


class WavError(ValueError):
    """The bytes are not a WAV file this project can vouch for."""


@dataclass(frozen=True)
class WavInfo:
    channels: int
    sample_rate: int
    bits: int
    data_bytes: int

    @property
    def seconds(self) -> float:
        return self.data_bytes / (self.sample_rate * self.channels * self.bits // 8)


def wav_info(data: bytes) -> WavInfo:
    """The format and length of a RIFF/WAVE file of PCM samples, read from its chunks."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a RIFF/WAVE file")
    offset, fmt, data_bytes = 12, None, None
    while offset + 8 <= len(data):
        chunk, size = data[offset:offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        body = offset + 8
        if chunk == b"fmt " and size >= 16:
            fmt = struct.unpack_from("<HHIIHH", data, body)
        elif chunk == b"data":
            data_bytes = min(size, len(data) - body)
            break
        offset = body + size + (size & 1)
    if fmt is None or data_bytes is None:
        raise WavError("no format or no sound in the WAV file")
    encoding, channels, rate, _byte_rate, _align, bits = fmt
    if encoding != 1 or channels < 1 or rate < 1 or bits not in (8, 16, 24, 32):
        raise WavError("the WAV file is not plain PCM sound")
    return WavInfo(channels, rate, bits, data_bytes)


def wav_seconds(data: bytes) -> float:
    """How long the recording lasts; WavError if it is not a WAV file or is silent."""
    seconds = wav_info(data).seconds
    if seconds <= 0:
        raise WavError("the WAV file holds no sound")
    return seconds
