"""Photos are normalized when attached: upright, RGB JPEG, bounded; bad files get a message."""

import io

import pytest
from PIL import Image

from clinic_audit.photos import MAX_EDGE, PhotoError, normalize


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def decoded(photo) -> Image.Image:
    image = Image.open(io.BytesIO(photo.jpeg))
    assert image.format == "JPEG" and image.mode == "RGB"
    return image


def test_exif_rotation_is_applied():
    image = Image.new("RGB", (300, 100), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    photo = normalize(encode(image, "JPEG", exif=exif), "rotated.jpg")
    assert (photo.width, photo.height) == (100, 300)


def test_large_photo_is_bounded_and_hashes_are_kept():
    import hashlib

    data = encode(Image.new("RGB", (5000, 2500), "blue"), "JPEG")
    photo = normalize(data)
    assert max(decoded(photo).size) == MAX_EDGE
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.jpeg_sha256 == hashlib.sha256(photo.jpeg).hexdigest()


@pytest.mark.parametrize(
    "make",
    [
        lambda: encode(Image.new("CMYK", (80, 60), (0, 255, 0, 0)), "JPEG"),
        lambda: encode(Image.new("I;16", (80, 60), 40000), "PNG"),
        lambda: encode(Image.new("P", (80, 60), 3), "PNG", transparency=3),
        lambda: encode(Image.new("RGBA", (80, 60), (10, 200, 10, 128)), "PNG"),
        lambda: encode(Image.new("L", (80, 60), 128), "PNG"),
    ],
)
def test_unusual_modes_become_rgb_jpeg(make):
    photo = normalize(make())
    assert decoded(photo).size == (80, 60)


def test_transparent_areas_become_white():
    photo = normalize(encode(Image.new("RGBA", (20, 20), (0, 0, 0, 0)), "PNG"))
    assert decoded(photo).getpixel((10, 10)) >= (250, 250, 250)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"this is a text file, not a photo", "not an image"),
        (encode(Image.new("RGB", (400, 300), "red"), "JPEG")[:300], "damaged or cut off"),
    ],
)
def test_bad_files_are_refused_with_a_message(data, words):
    with pytest.raises(PhotoError, match=words) as caught:
        normalize(data, "IMG_1.jpg")
    assert str(caught.value).startswith("IMG_1.jpg: ")
