"""Links into the repository: edit, page history and "report a problem".

The repository address comes from mkdocs.yml (`repo_url`, overridable with
FOOTNOTES_REPO_URL). GitHub, GitLab and Forgejo/Gitea (Codeberg) spell these
addresses differently; `Forge` knows each. The links open the forge's own
pages: the site itself sends nothing anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit


@dataclass(frozen=True)
class Forge:
    repo_url: str
    branch: str = "main"
    docs_dir: str = "docs"
    edit_path: str = ""  # mkdocs.yml's edit_uri, if set; else this forge's own

    @property
    def kind(self) -> str:
        host = urlsplit(self.repo_url).hostname or ""
        if host == "github.com" or host.endswith(".github.com"):
            return "github"
        if "gitlab" in host:
            return "gitlab"
        return "forgejo"  # Codeberg, Forgejo and Gitea share one scheme

    @property
    def base(self) -> str:
        return self.repo_url.rstrip("/")

    def edit_uri(self) -> str:
        """mkdocs.yml's edit_uri: as set, or this forge's (relative to repo_url)."""
        if self.edit_path:
            return self.edit_path
        return {"github": f"edit/{self.branch}/{self.docs_dir}/",
                "gitlab": f"-/edit/{self.branch}/{self.docs_dir}/",
                "forgejo": f"_edit/{self.branch}/{self.docs_dir}/"}[self.kind]

    def _path(self, path: str) -> str:
        return quote(f"{self.docs_dir}/{path}")

    def edit(self, path: str) -> str:
        """The forge's editor for a file under docs/."""
        return f"{self.base}/{self.edit_uri()}{quote(path)}"

    def history(self, path: str) -> str:
        """The list of commits that changed a file under docs/."""
        return {"github": f"{self.base}/commits/{self.branch}/{self._path(path)}",
                "gitlab": f"{self.base}/-/commits/{self.branch}/{self._path(path)}",
                "forgejo": f"{self.base}/commits/branch/{self.branch}/{self._path(path)}",
                }[self.kind]

    def new_issue(self, title: str, body: str) -> str:
        """A new issue with its title and text filled in."""
        if self.kind == "gitlab":
            query = urlencode({"issue[title]": title, "issue[description]": body})
            return f"{self.base}/-/issues/new?{query}"
        return f"{self.base}/issues/new?{urlencode({'title': title, 'body': body})}"


def report_body(page_url: str) -> str:
    """The text a "Report a problem" issue starts with: the page's address,
    and prompts that ask for nothing about the reader's health."""
    return (f"Page: {page_url}\n\n"
            "What is wrong, or hard to follow?\n\n\n"
            "What should it say? (A source helps.)\n\n\n"
            "Please do not share details about your own health here: "
            "this issue is public.\n")
