"""One exception tree: everything a user can cause is a SkillplanError and prints without a traceback."""
from __future__ import annotations

import errno
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str = field(default="error", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        tag = "" if self.severity == "error" else "警告："
        return f"{where}  {self.path or '(文件)'}  {tag}{self.message}"

    def as_dict(self) -> dict:
        """The problem as the JSON report gives it."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class SkillplanError(Exception):
    """Base of every error caused by input or environment, shown to the user as its message."""

    exit_code = 1


class InvalidInput(SkillplanError):
    """The configuration has problems; all of them are carried so they can be reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SkillplanError):
    """The command was called wrongly (a path that is not a client, a missing option)."""

    exit_code = 2


class RenderError(SkillplanError):
    """A template could not be rendered (usually a broken override template)."""


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one typo (nmae → name)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _contains(a: str, b: str) -> bool:
    """One holds the other, both of two characters or more: 焊工 and 不锈钢薄板氩弧焊工, 定级 and 定级评价."""
    return min(len(a), len(b)) >= 2 and (a in b or b in a)


def did_you_mean(word: str, options: list[str]) -> str:
    """'，是否想写“X”？' for the closest option within a typo's reach, else ''.

    An option that holds the word or is held by it comes first, however far (定级 → 定级评价, 焊工 →
    不锈钢薄板氩弧焊工, not 车工); else the edit distance, ties broken towards the same length: 电悍工 is
    电焊工, not 电工."""
    near = closest(word, options)
    return f"，是否想写“{near}”？" if near is not None else ""


def closest(word: str, options: list[str]) -> str | None:
    """The option did_you_mean suggests, or None."""
    word = str(word)
    scored = sorted((not _contains(word, o), _distance(word, o), abs(len(o) - len(word)), o) for o in map(str, options))
    if scored and (not scored[0][0] or scored[0][1] <= max(1, len(word) // 3)):
        return scored[0][3]
    return None


# what the system says, in the words of the rest of the message (strerror is English on most machines)
_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限（或文件被锁定）",
    errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一项不是文件夹", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "所在的文件系统是只读的", errno.ENAMETOOLONG: "文件名过长", errno.EEXIST: "已存在",
    errno.EBUSY: "正被占用", errno.EDQUOT: "超出磁盘配额", errno.EIO: "读写出错（磁盘或网络盘）",
}


def os_reason(error: OSError) -> str:
    """Why an operating system call failed, in Chinese for the common reasons."""
    return _OS_REASONS.get(error.errno) or error.strerror or str(error)
