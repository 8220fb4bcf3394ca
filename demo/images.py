"""Illustrations drawn for the demo newsroom, so `make run` shows real images, not grey boxes.

Each picture is drawn from a motif and a seed, so every run produces the same file. They are
plain JPEG bytes and go through the same upload pipeline as an editor's photos.
"""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1600, 1000)
PORTRAIT_SIZE = (640, 640)

PALETTES = {
    "cells": ("#0b3d5c", "#1f7a8c", "#e4572e", "#f3f7f0"),
    "heart": ("#5c0b1f", "#a4243b", "#f2a541", "#fbeee6"),
    "children": ("#1b4332", "#52b788", "#ffd166", "#f1faee"),
    "building": ("#14213d", "#3a6ea5", "#fca311", "#e5e5e5"),
    "lab": ("#2d1e4f", "#6a4c93", "#8ac926", "#f0ebf8"),
    "people": ("#3d2c2e", "#c06c84", "#6c5b7b", "#f8e9e9"),
}

ALT_TEXT = {
    "cells": "Illustration: immune cells gathering around a larger red cancer cell",
    "heart": "Illustration: a heart-rhythm trace running across a deep red background",
    "children": "Illustration: bright, rounded shapes like building blocks on a green background",
    "building": "Illustration: a stylised hospital building with lit windows at dusk",
    "lab": "Illustration: laboratory flasks and molecules on a purple background",
    "people": "Illustration: a group of people in soft silhouettes",
}


@functools.cache
def illustration(motif, seed):
    """JPEG bytes of a 1600x1000 illustration for `motif`."""
    rng = random.Random(seed)
    dark, mid, accent, light = PALETTES[motif]
    image = _gradient(SIZE, dark, mid)
    draw = ImageDraw.Draw(image, "RGBA")
    DRAWERS[motif](draw, rng, accent, light)
    return _jpeg(image.filter(ImageFilter.SMOOTH))


def portrait(seed):
    """JPEG bytes of a square, illustrated head-and-shoulders silhouette."""
    rng = random.Random(seed)
    dark, mid, accent, light = rng.choice(list(PALETTES.values()))
    image = _gradient(PORTRAIT_SIZE, mid, dark)
    draw = ImageDraw.Draw(image)
    width, height = PORTRAIT_SIZE
    draw.ellipse((width * 0.15, height * 0.62, width * 0.85, height * 1.3), fill=light)
    draw.ellipse((width * 0.32, height * 0.18, width * 0.68, height * 0.6), fill=light)
    draw.rectangle((width * 0.44, height * 0.55, width * 0.56, height * 0.68), fill=light)
    return _jpeg(image)


def _gradient(size, top, bottom):
    top_rgb, bottom_rgb = Image.new("RGB", (1, 1), top), Image.new("RGB", (1, 1), bottom)
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(bottom_rgb.resize(size), top_rgb.resize(size), mask)


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _translucent(color, alpha):
    red, green, blue = Image.new("RGB", (1, 1), color).getpixel((0, 0))
    return (red, green, blue, alpha)


def _cells(draw, rng, accent, light):
    width, height = SIZE
    centre = (width * 0.62, height * 0.5)
    for _ in range(28):
        angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(220, 520)
        x, y = centre[0] + distance * math.cos(angle), centre[1] + distance * math.sin(angle) * 0.7
        radius = rng.uniform(30, 70)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=_translucent(light, 150)
        )
    draw.ellipse((centre[0] - 170, centre[1] - 170, centre[0] + 170, centre[1] + 170), fill=accent)


def _heart(draw, rng, accent, light):
    width, height = SIZE
    points, x = [], 0
    while x < width:
        points += [(x, height / 2), (x + 60, height / 2)]
        spike = rng.uniform(180, 320)
        points += [(x + 80, height / 2 - spike), (x + 100, height / 2 + spike / 3)]
        x += rng.randint(260, 340)
    draw.line(points, fill=light, width=10, joint="curve")
    for _ in range(6):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(40, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_translucent(accent, 90))


def _children(draw, rng, accent, light):
    width, height = SIZE
    for _ in range(14):
        x, y, size = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(90, 220)
        color = _translucent(rng.choice((accent, light)), 200)
        draw.rounded_rectangle((x, y, x + size, y + size), radius=size / 4, fill=color)


def _building(draw, rng, accent, light):
    width, height = SIZE
    left, top, right = width * 0.25, height * 0.25, width * 0.75
    draw.rectangle((left, top, right, height), fill=_translucent(light, 60))
    draw.rectangle((width * 0.46, top - 120, width * 0.54, top), fill=light)
    draw.rectangle((width * 0.49, top - 100, width * 0.51, top - 20), fill=accent)
    draw.rectangle((width * 0.475, top - 70, width * 0.525, top - 50), fill=accent)
    for row in range(6):
        for column in range(8):
            x, y = left + 40 + column * 95, top + 40 + row * 110
            lit = accent if rng.random() < 0.45 else _translucent(light, 110)
            draw.rectangle((x, y, x + 55, y + 65), fill=lit)


def _lab(draw, rng, accent, light):
    width, height = SIZE
    for index in range(3):
        x = width * (0.25 + index * 0.22)
        draw.polygon(
            [(x - 30, 300), (x + 30, 300), (x + 110, 780), (x - 110, 780)],
            fill=_translucent(light, 170),
        )
        draw.polygon([(x - 70, 600), (x + 70, 600), (x + 110, 780), (x - 110, 780)], fill=accent)
    for _ in range(10):
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.35)
        draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=light)
        draw.line((x, y, x + rng.uniform(-90, 90), y + rng.uniform(30, 90)), fill=light, width=6)


def _people(draw, rng, accent, light):
    width, height = SIZE
    for index in range(5):
        x = width * (0.14 + index * 0.18) + rng.uniform(-30, 30)
        scale = rng.uniform(0.8, 1.1)
        color = _translucent(rng.choice((accent, light)), 210)
        draw.ellipse((x - 70 * scale, 330, x + 70 * scale, 330 + 140 * scale), fill=color)
        draw.ellipse((x - 150 * scale, 500, x + 150 * scale, 1150), fill=color)


DRAWERS = {
    "cells": _cells,
    "heart": _heart,
    "children": _children,
    "building": _building,
    "lab": _lab,
    "people": _people,
}
