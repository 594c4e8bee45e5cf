"""Deterministic, plausible papers for the benchmark libraries: the same seed gives the same papers.

Titles of 40-160 characters, abstracts of about 1,200 characters of Zipf-weighted words (so the FTS
index is realistic), 3-12 authors, Daily dates from 2023-05-04 to 2026-11-20, 0-500 upvotes, about 40%
with a GitHub repository, some organizations, AI keywords, and the raw feed JSON each real import keeps.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from reader.core.paper import Paper

FIRST_DAY, LAST_DAY = date(2023, 5, 4), date(2026, 11, 20)


def _words_of(text: str) -> list[str]:
    return text.split()


_FUNCTION_WORDS = _words_of(
    "the of and to a in for is on that with by as we this are from at be an which our can or it "
    "these their has have both than while such its more not into also but over under between"
)
_ML_WORDS = _words_of(
    "model models language large learning training data dataset datasets benchmark benchmarks performance "
    "method methods approach framework task tasks results inference reasoning agent agents multimodal "
    "vision visual image images video generation generative diffusion transformer transformers attention "
    "token tokens tokenizer encoder decoder embedding embeddings representation representations retrieval "
    "reinforcement reward policy alignment preference fine-tuning pretraining pre-training instruction "
    "evaluation accuracy robustness efficiency scaling parameters sparse dense mixture experts quantization "
    "distillation latent space spatial temporal 3d scene reconstruction segmentation detection speech audio "
    "text code mathematical math chain-of-thought prompting prompt zero-shot few-shot in-context memory "
    "context long-context compression kernel gpu throughput latency optimization gradient loss objective "
    "supervised unsupervised self-supervised contrastive adversarial uncertainty calibration hallucination "
    "safety jailbreak privacy federated graph neural network networks convolutional recurrent state-space "
    "mamba autoregressive masked sampling decoding speculative verification planning tool tools web browser "
    "robot robotic manipulation navigation embodied simulation world physics medical clinical molecular "
    "protein chemistry materials weather forecasting time-series tabular recommendation search ranking "
    "summarization translation multilingual low-resource cross-lingual domain adaptation transfer continual "
    "curriculum synthetic annotation human feedback judge critic verifier reasoning-intensive open-source "
    "state-of-the-art baseline baselines ablation empirical theoretical analysis novel propose proposed "
    "introduce demonstrate significantly outperforms achieves existing prior recent challenging diverse"
)
_SYLLABLES = _words_of(
    "ka to ri mo sen lu vax tor pel qui dra zon mi ne fa lo gri bel sta nor ven tri cas pho lex "
    "mar ion cor dyn sym ther gen opt ral vis nex ul ar em os ix ab"
)
_FIRST_NAMES = _words_of(
    "Wei Jing Yu Hao Xin Yang Li Ming Jun Lei Chen Tao Yi Zhen Hui Mei Kai Qing Rui Feng "
    "Anna Maria David John Michael Sarah Laura Thomas Daniel Emma Lucas Sofia Luca Marco Elena "
    "Ahmed Fatima Omar Priya Rahul Arjun Ananya Vikram Sanjay Kenji Yuki Hiroshi Sakura Min-jun "
    "Ji-woo Seo-yeon Olga Ivan Dmitri Katarina Pierre Camille Hugo Lea Jonas Lena Felix Nina"
)
_LAST_NAMES = _words_of(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo "
    "Smith Johnson Brown Garcia Miller Davis Rodriguez Martinez Lopez Wilson Anderson Taylor Moore "
    "Kumar Sharma Singh Patel Gupta Reddy Iyer Tanaka Suzuki Sato Watanabe Kim Lee Park Choi Jung "
    "Muller Schmidt Schneider Fischer Weber Dubois Martin Bernard Rossi Russo Ferrari Ivanov Petrov "
    "Novak Kowalski Silva Santos Oliveira Haddad Nasser Okafor Mensah Cohen Levi"
)
_ORGANIZATIONS = (
    "Google DeepMind", "Meta AI", "Microsoft Research", "NVIDIA", "Alibaba Qwen", "DeepSeek", "ByteDance Seed",
    "Tencent Hunyuan", "Shanghai AI Laboratory", "Tsinghua University", "Peking University", "Stanford University",
    "MIT", "Carnegie Mellon University", "UC Berkeley", "University of Oxford", "ETH Zurich", "Hugging Face",
    "Allen Institute for AI", "Mistral AI", "Apple", "Amazon", "Salesforce Research", "KAIST", "Seoul National "
    "University", "University of Tokyo", "National University of Singapore", "Zhejiang University", "Fudan "
    "University", "Mila", "University of Toronto", "EPFL", "Max Planck Institute for Intelligent Systems",
    "Adobe Research", "Samsung Research", "Baidu", "Kuaishou", "Moonshot AI", "OpenGVLab", "California institute "
    "of technology",
)  # fmt: skip


def _weekdays(first: date, last: date) -> list[str]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [d.isoformat() for d in days if d.weekday() < 5]


class PaperGenerator:
    """Deterministic, plausible papers: the same seed gives the same library."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        invented = sorted({"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20_000)})
        # Zipf-like weights: a few words everywhere, a long tail of rare ones, as in real abstracts.
        self.words = _FUNCTION_WORDS + _ML_WORDS + invented
        weights = [40.0] * len(_FUNCTION_WORDS) + [8.0] * len(_ML_WORDS)
        weights += [30.0 / (rank + 10) for rank in range(len(invented))]
        self.cum_weights = [*_accumulate(weights)]
        self.content_words = _ML_WORDS + invented
        self.handles = [f"{rng.choice(_FIRST_NAMES).lower()}{rng.choice(_SYLLABLES)}{rng.randint(1, 999)}"
                        for _ in range(3_000)]  # fmt: skip
        self.keywords = [" ".join(rng.sample(_ML_WORDS, rng.randint(1, 3))) for _ in range(4_000)]
        self.days = _weekdays(FIRST_DAY, LAST_DAY)
        self.next_number: dict[str, int] = {}

    def _hex_id(self) -> str:
        return f"{self.rng.getrandbits(96):024x}"

    def _words(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=count)

    def _sentence(self) -> str:
        rng = self.rng
        words = self._words(rng.randint(10, 30))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f"{rng.uniform(0.5, 99.9):.1f}%")
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), f"({self._acronym()})")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def _acronym(self) -> str:
        word = self.rng.choice(self.content_words)
        return word[: self.rng.randint(3, 6)].capitalize() + self.rng.choice(["", "-X", "2", "-R1", "++", "Bench"])

    def _abstract(self) -> str:
        target = max(500, min(2_000, int(self.rng.gauss(1_200, 250))))
        sentences: list[str] = []
        length = 0
        while length < target:
            sentences.append(self._sentence())
            length += len(sentences[-1]) + 1
        return " ".join(sentences)

    def _title(self) -> str:
        rng = self.rng
        target = rng.randint(40, 160)
        title = f"{self._acronym()}: " if rng.random() < 0.5 else ""
        while len(title.strip()) < target:
            word = self._words(1)[0]
            title += (word if word in _FUNCTION_WORDS else word.capitalize()) + " "
        title = title.strip()
        if len(title) > 160:
            title = title[:160].rsplit(" ", 1)[0]
        return title

    def _author(self) -> str:
        rng = self.rng
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.1 else ""
        return f"{rng.choice(_FIRST_NAMES)}{middle} {rng.choice(_LAST_NAMES)}"

    def paper(self) -> Paper:
        rng = self.rng
        daily = rng.choice(self.days)
        published = (date.fromisoformat(daily) - timedelta(rng.randint(0, 10))).isoformat()
        month = f"{published[2:4]}{published[5:7]}"
        number = self.next_number.get(month, rng.randint(1, 300)) + rng.randint(1, 12)
        self.next_number[month] = number
        paper_id = f"{month}.{number:05d}"
        title = self._title()
        abstract = self._abstract()
        authors = tuple(self._author() for _ in range(rng.randint(3, 12)))
        upvotes = rng.randint(100, 500) if rng.random() < 0.03 else min(500, int(rng.expovariate(1 / 15)))
        comments = min(60, int(rng.expovariate(1 / 2)))
        github = None
        if rng.random() < 0.4:
            repo = re.sub(r"[^A-Za-z0-9-]", "", title.split(":")[0].split(" ")[0])[:30] or "code"
            github = f"https://github.com/{rng.choice(self.handles)}/{repo}"
        stars = int(rng.expovariate(1 / 200)) if github else None
        project = f"https://{rng.choice(self.handles)}.github.io/{paper_id}/" if rng.random() < 0.25 else None
        organization = rng.choice(_ORGANIZATIONS) if rng.random() < 0.35 else None
        submitter = rng.choice(self.handles)
        summary = self._sentence() if rng.random() < 0.9 else None
        keywords = tuple(rng.sample(self.keywords, rng.randint(3, 14)))
        raw = self._raw(paper_id, title, abstract, authors, published, daily, upvotes, comments, github, stars,
                        project, organization, submitter, summary, keywords)  # fmt: skip
        return Paper(
            id=paper_id,
            title=title,
            abstract=abstract,
            authors=authors,
            published_on=published,
            daily_date=daily,
            upvotes=upvotes,
            comments=comments,
            github_repo=github,
            github_stars=stars,
            project_page=project,
            organization=organization,
            submitter=submitter,
            ai_summary=summary,
            ai_keywords=keywords,
            raw=raw,
        )

    def _raw(self, paper_id: str, title: str, abstract: str, authors: tuple[str, ...], published: str, daily: str,
             upvotes: int, comments: int, github: str | None, stars: int | None, project: str | None,
             organization: str | None, submitter: str, summary: str | None,
             keywords: tuple[str, ...]) -> str:  # fmt: skip
        """The Daily Papers API item this paper would have been parsed from (its size matters to the file)."""
        avatar = f"https://cdn-avatars.huggingface.co/v1/production/uploads/{self._hex_id()}/{self._hex_id()}.png"
        user = {"_id": self._hex_id(), "avatarUrl": avatar, "fullname": submitter, "name": submitter, "type": "user"}
        inner: dict[str, Any] = {
            "id": paper_id,
            "authors": [{"_id": self._hex_id(), "name": name, "hidden": False} for name in authors],
            "publishedAt": f"{published}T00:00:00.000Z",
            "submittedOnDailyAt": f"{daily}T00:00:00.000Z",
            "title": title,
            "submittedOnDailyBy": user,
            "summary": abstract,
            "upvotes": upvotes,
            "discussionId": self._hex_id(),
            "ai_keywords": list(keywords),
        }
        if summary:
            inner["ai_summary"] = summary
        if github:
            inner["githubRepo"] = github
            inner["githubStars"] = stars
        if project:
            inner["projectPage"] = project
        item: dict[str, Any] = {
            "paper": inner,
            "publishedAt": f"{published}T00:00:00.000Z",
            "title": title,
            "summary": abstract,
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
            "numComments": comments,
            "submittedBy": user,
            "isAuthorParticipating": False,
        }
        if organization:
            item["organization"] = {"_id": self._hex_id(), "name": organization.split()[0], "fullname": organization}
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def generate_papers(count: int, seed: int) -> list[Paper]:
    """`count` papers from a generator seeded with `seed`."""
    generator = PaperGenerator(seed)
    return [generator.paper() for _ in range(count)]
