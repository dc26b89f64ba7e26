"""A deterministic synthetic corpus for the storage benchmark: Vietnamese-like articles of 3-6 KB.

Article `i` (and its edited version 2) is a pure function of `(SEED, i)`, so every benchmark
process can rebuild exactly the articles it needs without reading them back from the store.
Texts are drawn from a list of common Vietnamese syllables of the news register (precomposed, NFC,
the way `scrapers.text.canonical_text` stores them), in sentences of 8-24 words and paragraphs of
2-6 sentences; title, sapo, byline, tags and an image carry realistic metadata sizes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from scrapers.records import Article, Image

SEED = 20261122
PARSER_VERSION = "bench/1"
EPOCH = datetime(2024, 1, 1, 6, tzinfo=UTC)

# Seven sources with uneven shares of the corpus (out of 50), like the configured ones.
SOURCE_SHARES = (
    ("qdnd", 17),
    ("qdnd-hc", 5),
    ("thanhuytphcm", 7),
    ("chinhsach", 6),
    ("tapchiqptd", 5),
    ("bienphong", 7),
    ("quankhu2", 3),
)
SOURCES: tuple[str, ...] = tuple(name for name, _ in SOURCE_SHARES)
_BY_SLOT: tuple[str, ...] = tuple(name for name, share in SOURCE_SHARES for _ in range(share))

_WORD_TEXT = """
quân đội nhân dân việt nam bộ quốc phòng chiến sĩ sĩ quan đơn vị huấn luyện sẵn sàng
chiến đấu bảo vệ tổ quốc chủ quyền biên giới biển đảo lực lượng vũ trang đảng ủy chỉ huy
cán bộ nhiệm vụ chính trị tư tưởng kỷ luật nghiêm minh xây dựng vững mạnh toàn diện mẫu
mực tiêu biểu năm nay hội nghị tổng kết công tác triển khai kế hoạch thực hiện nghị
quyết trung ương thành ủy tỉnh thành phố hồ chí minh hà nội đồng chí thiếu tướng đại tá
trung tá thượng tá phó tư lệnh quân khu bộ đội biên phòng cảnh sát biển hải quân phòng
không không quân pháo binh công binh thông tin nhân dân địa phương người dân đồng bào
dân tộc thiểu số vùng sâu vùng xa khó khăn hỗ trợ giúp đỡ phát triển kinh tế xã hội an
sinh chính sách hậu phương gia đình thương binh liệt sĩ người có công tri ân tưởng niệm
di tích lịch sử truyền thống anh hùng chiến thắng kháng chiến giải phóng miền nam thống
nhất đất nước hòa bình độc lập tự do hạnh phúc đoàn kết hợp tác quốc tế hữu nghị diễn
tập phòng thủ khu vực cứu hộ cứu nạn thiên tai bão lũ khắc phục hậu quả kịp thời hiệu
quả chất lượng nâng cao năng lực trình độ chuyên môn kỹ thuật hiện đại trang bị vũ khí
khí tài mới cơ quan ban ngành đoàn thể mặt trận tổ quốc phụ nữ thanh niên công đoàn hội
cựu chiến binh đánh giá cao kết quả đạt được trong thời gian qua đồng thời chỉ rõ những
hạn chế tồn tại cần khắc phục tiếp tục quán triệt sâu sắc chủ trương đường lối quan điểm
của đảng chính sách pháp luật nhà nước tăng cường phối hợp chặt chẽ với các lực lượng
góp phần giữ vững ổn định tình hình an ninh trật tự an toàn xã hội trên địa bàn theo đó
các đơn vị đã tổ chức tốt việc học tập làm theo tư tưởng đạo đức phong cách hồ chí minh
gắn với cuộc vận động phát huy truyền thống cống hiến tài năng xứng danh bộ đội cụ hồ
thời kỳ mới dịp này tặng bằng khen giấy khen cho tập thể cá nhân có thành tích xuất sắc
phát biểu chỉ đạo nhấn mạnh yêu cầu quan tâm chăm lo đời sống vật chất tinh thần cho cán
bộ chiến sĩ bảo đảm tuyệt đối an toàn về người vũ khí trang bị trong quá trình
"""
WORDS: tuple[str, ...] = tuple(_WORD_TEXT.split())
TAGS: tuple[str, ...] = (
    "Quốc phòng", "Biên giới", "Biển đảo", "Huấn luyện", "Chính sách", "Tri ân",
    "Xây dựng Đảng", "Dân vận", "Cứu hộ cứu nạn", "Hội nghị", "Tư tưởng", "Kinh tế",
)
_AVG_WORD_BYTES = sum(len(w.encode("utf-8")) + 1 for w in WORDS) / len(WORDS)


def source_of(index: int) -> str:
    return _BY_SLOT[index % len(_BY_SLOT)]


def url_of(index: int) -> str:
    return f"https://www.{source_of(index)}.vn/tin-tuc/bai-viet-so-{index:07d}.html"


def article(index: int, version: int = 1) -> Article:
    """Article `index` as first published (version 1) or after an edit (version 2)."""
    rng = random.Random(SEED * 1_000_003 + index)
    target = rng.randint(3000, 6000)  # UTF-8 bytes of the canonical text, roughly
    title = _sentence(rng, rng.randint(8, 16), end="")
    sapo = _sentence(rng, rng.randint(20, 40))
    words = int((target - len(title.encode()) - len(sapo.encode())) / _AVG_WORD_BYTES)
    paragraphs: list[str] = []
    while words > 0:
        sentences = [_sentence(rng, rng.randint(8, 24)) for _ in range(rng.randint(2, 6))]
        paragraphs.append(" ".join(sentences))
        words -= sum(s.count(" ") + 1 for s in sentences)
    if version > 1:
        paragraphs = _edit(random.Random(SEED * 7_000_003 + index * 31 + version), paragraphs)
    published = EPOCH + timedelta(minutes=7 * index)
    byline = " ".join(w.capitalize() for w in rng.sample(WORDS, 3)).upper()
    return Article(
        url=url_of(index),
        source=source_of(index),
        article_id=f"{index:07d}",
        title=title,
        sapo=sapo,
        paragraphs=tuple(paragraphs),
        published_at=published,
        updated_at=published + timedelta(hours=6) if version > 1 else None,
        parser_version=PARSER_VERSION,
        byline=byline,
        authors=(byline,),
        category=rng.choice(TAGS),
        tags=tuple(rng.sample(TAGS, 3)),
        images=(
            Image(
                url=f"https://file.{source_of(index)}.vn/images/{index:07d}-1.jpg",
                caption=_sentence(rng, rng.randint(8, 16)),
                credit="Ảnh: " + byline.title(),
            ),
        ),
    )


def _sentence(rng: random.Random, length: int, end: str = ".") -> str:
    words = rng.choices(WORDS, k=length)
    if length > 10:
        words[length // 2] += ","
    return words[0].capitalize() + " " + " ".join(words[1:]) + end


def _edit(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """What an editor does after publication: a few words replaced, a sentence added."""
    edited = list(paragraphs)
    at = rng.randrange(len(edited))
    words = edited[at].split(" ")
    for _ in range(rng.randint(1, 4)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    edited[at] = " ".join(words)
    edited.append(_sentence(rng, rng.randint(10, 20)))
    return edited
