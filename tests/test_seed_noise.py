"""The noise still visible in the five seed documents is recognised as page chrome.

Reads ../shared/seeds (never committed); skips when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scrapers.text import byline_name, is_boilerplate, normalize_inline

SEEDS = Path(os.environ.get("VNNEWS_SEEDS_DIR", Path(__file__).resolve().parents[2] / "shared"
                                                / "seeds"))
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not present")

NOISE = {
    "000": ["Gốc"],
    "001": ["Thứ bảy Ngày 20 Tháng 04 Năm 2024, 12:52:37", "Trả lời",
            "Thư điện tử của bạn sẽ không được hiển thị công khai."],
    "002": ["Số lượt đọc: 2113 Cập nhật lúc: 07/06/2018 16:49:00", "Video", "Ảnh",
            "CSDLDVCBNSHoidap"],
    "003": ["Thứ Hai, ngày 26 tháng 2 năm 2024", "Ý kiến bạn đọc", "refresh",
            "Tổng lượt bình luận", "Tin khác", "Thông báo"],
    "004": ["leftcenterrightdel"],
}
BYLINES = {"000": "NAM VĂN", "001": "VĂN DƯƠNG", "004": "KIM ANH"}


def seed_lines(prefix: str) -> list[str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return [normalize_inline(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("prefix", sorted(NOISE))
def test_seed_noise_is_recognised(prefix: str) -> None:
    lines = seed_lines(prefix)
    for noise in NOISE[prefix]:
        assert noise in lines, f"{noise!r} not in seed {prefix}"
        assert is_boilerplate(noise), f"{noise!r} not recognised"
    # and no real sentence of the seed is taken for chrome
    prose = [line for line in lines if len(line) > 60]
    assert prose and not any(is_boilerplate(line) for line in prose)


@pytest.mark.parametrize("prefix", sorted(BYLINES))
def test_seed_bylines(prefix: str) -> None:
    names = [byline_name(line) for line in seed_lines(prefix) if line.startswith("Tin, ảnh:")]
    assert names == [BYLINES[prefix]]
