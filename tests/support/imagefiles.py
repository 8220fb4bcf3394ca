"""Image files made in the tests: good ones, phone-like ones, and every kind of bad one."""

import io
import struct
import zlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
CAMERA_MAKE = 0x010F
ROTATED_90_CW = 6  # the camera was held sideways: viewers must rotate the pixels 90° clockwise


def image_bytes(format="JPEG", size=(1000, 750), mode="RGB", color="steelblue", **save_options):
    image = Image.new(mode, size, color)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill="red")
    buffer = io.BytesIO()
    image.save(buffer, format, **save_options)
    return buffer.getvalue()


def phone_photo_exif(orientation=ROTATED_90_CW):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[CAMERA_MAKE] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    return exif.tobytes()


def phone_photo(size=(1200, 900), format="JPEG"):
    """A landscape sensor image stored sideways, with GPS, camera make, XMP and a comment."""
    options = {"exif": phone_photo_exif(), "xmp": b"<x:xmpmeta>secret place</x:xmpmeta>"}
    if format == "JPEG":
        options["comment"] = b"shot at the patient's home"
    return image_bytes(format, size, **options)


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type)


def png_header_claiming(width, height):
    """A tiny valid-looking PNG whose header claims a huge size: a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def stored_files():
    """Every file under MEDIA_ROOT, as storage names."""
    names = []

    def walk(folder):
        directories, files = default_storage.listdir(folder)
        names.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for directory in directories:
            walk(f"{folder}/{directory}".lstrip("/"))

    if default_storage.exists(""):
        walk("")
    return sorted(names)
