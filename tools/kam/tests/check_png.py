#!/usr/bin/env python3
"""Checks that a PNG screenshot rendered: its size, how much of it is not background, and how
many pixels have each expected colour exactly (the fill of bars, lines and swatches).

    check_png.py FILE WIDTHxHEIGHT MIN_INK [#rrggbb=MIN_PIXELS ...]

Standard library only (zlib): 8-bit RGB or RGBA, non-interlaced, as Chromium writes them.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace != 0:
        sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {color})")
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    path, size, min_ink = sys.argv[1], sys.argv[2], float(sys.argv[3])
    want = {}
    for arg in sys.argv[4:]:
        colour, count = arg.split("=")
        want[bytes.fromhex(colour.lstrip("#"))] = int(count)
    width, height, channels, rows = read_png(path)
    print(f"{path}: {width}x{height}")
    failed = []
    if f"{width}x{height}" != size:
        failed.append(f"size {width}x{height}, expected {size}")
    counts = {}
    for row in rows:
        for x in range(0, width * channels, channels):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    background = max(counts, key=counts.get)
    ink = 1 - (counts[background] + counts.get(b"\xff\xff\xff", 0) * (background != b"\xff\xff\xff")) / (width * height)
    print(f"background #{background.hex()}, ink {ink:.3f} (at least {min_ink}), "
          f"{len(counts)} distinct colours")
    if ink < min_ink:
        failed.append(f"only {ink:.3f} of the page is drawn on")
    for colour, count in want.items():
        have = counts.get(colour, 0)
        print(f"#{colour.hex()}: {have} pixels (at least {count})")
        if have < count:
            failed.append(f"#{colour.hex()}: {have} pixels, expected at least {count}")
    if failed:
        sys.exit("FAILED: " + "; ".join(failed))
    print("rendered")


if __name__ == "__main__":
    main()
