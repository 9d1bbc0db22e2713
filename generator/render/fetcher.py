"""The only way a render may read anything: data: URLs and files under allowed folders.

WeasyPrint's default fetcher reads http, https, ftp and any file. A card must not depend on
the network or on a file outside the project, so anything else stops the render.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class ForbiddenResource(FatalURLFetchingError):  # type: ignore[misc]
    """A template or content asked for something outside what a render may read."""


class ProjectFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path))
            real = path.resolve()  # follows symlinks and ../ so neither can escape
            if any(real.is_relative_to(root) for root in self.allowed) and real.is_file():
                return URLFetcherResponse(url, real.read_bytes())
            raise ForbiddenResource(
                f"refused to read {path}: outside the project's templates/ and content/"
            )
        raise ForbiddenResource(f"refused to fetch {url}: nothing is fetched from the network")
