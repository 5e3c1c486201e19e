"""Photos are normalized when attached: upright, RGB JPEG, bounded; bad files get a message."""

import io

import pytest
from PIL import Image

from clinic_audit.files.photos import MAX_EDGE, PhotoError, normalize


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


def test_iphone_heic_is_attached():
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    photo = normalize(encode(Image.new("RGB", (120, 90), "green"), "HEIF"), "IMG_0001.HEIC")
    assert decoded(photo).size == (120, 90)


def test_sixty_megapixel_jpeg_is_reduced_without_decoding_it_whole(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "huge.jpg"
    path.write_bytes(encode(Image.new("RGB", (9000, 6700), "gray"), "JPEG", quality=50))
    code = (
        "import resource, sys\n"
        "from clinic_audit.files.photos import normalize\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "photo = normalize(open(sys.argv[1], 'rb').read(), 'huge.jpg')\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(photo.width, photo.height, (after - before) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    width, height, grown_mb = map(int, out)
    assert max(width, height) == MAX_EDGE
    assert grown_mb < 100  # a full decode alone needs 9000 × 6700 × 3 bytes = 181 MB


def test_too_many_pixels_is_refused_with_a_message():
    data = encode(Image.new("1", (20000, 10000)), "PNG")
    with pytest.raises(PhotoError, match="too many pixels|too large"):
        normalize(data, "scan.png")
