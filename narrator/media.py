"""Where finished audio lives: the output folder (local or shared filesystem) or S3-compatible object storage.

Workers render into their local output folder; `publish` then makes a file visible to every app process. With a
folder (the default, or a shared NFS/SMB mount) that is where the file already is. With `media_url = "s3://..."`
the file is uploaded (sidecars before the MP3, so a reader that finds the MP3 finds its sidecars) and the local
copy removed; the app redirects listeners to a presigned URL or proxies their range requests.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from .config import Settings
from .errors import AudioError

_LOGGER = logging.getLogger(__name__)

OUTPUT_SUFFIXES = (".chapters.json", ".vtt", ".mp3")
"""A narration's files in publishing order: sidecars first, MP3 last."""
CONTENT_TYPES = {".mp3": "audio/mpeg", ".chapters.json": "application/json+chapters", ".vtt": "text/vtt"}
CHUNK_BYTES = 64 * 1024


def part_name(narration_id: str, index: int) -> str:
    """File name of a segment published while the narration renders."""
    return f"{narration_id}.part-{index:03d}.mp3"


@dataclass
class StoredFile:
    """Facts about a stored file, for HTTP headers."""

    size: int
    etag: str
    last_modified: Any


class Media(Protocol):
    """The place finished files are published to and served from."""

    def publish(self, path: Path) -> None:
        """Make a file rendered at `path` (in the output folder) visible to every app process."""

    def delete(self, narration_id: str, parts_only: bool = False) -> None:
        """Remove a narration's files (or only its parts)."""

    def clone(self, source_id: str, target_id: str) -> bool:
        """Give `target_id` a copy of `source_id`'s finished files (sidecars first, MP3 last); False if absent."""


class FolderMedia:
    """Files stay in the output folder, which the app serves directly (one machine, or a shared mount)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def publish(self, path: Path) -> None:
        if path.parent.resolve() != self.folder.resolve():
            raise AudioError(f"{path} is not in the output folder {self.folder}")

    def path(self, name: str) -> Path | None:
        """The file's path when it exists in the folder itself: a name or symlink leading out of it is never served."""
        folder = self.folder.resolve()
        try:
            path = (folder / name).resolve()
        except (OSError, ValueError):  # a symlink loop, a NUL
            return None
        return path if path.parent == folder and path.is_file() else None

    def clone(self, source_id: str, target_id: str) -> bool:
        sources = [self.folder / f"{source_id}{suffix}" for suffix in OUTPUT_SUFFIXES]
        if not all(path.is_file() for path in sources):
            return False
        for source, suffix in zip(sources, OUTPUT_SUFFIXES):
            temporary = self.folder / f".{target_id}{suffix}.clone"
            temporary.unlink(missing_ok=True)
            try:
                os.link(source, temporary)  # a hard link: no second copy on disk, deleted independently
            except OSError:
                shutil.copyfile(source, temporary)
            temporary.replace(self.folder / f"{target_id}{suffix}")
        return True

    def delete(self, narration_id: str, parts_only: bool = False) -> None:
        for path in self.folder.glob(f"{narration_id}.part-*"):  # each part's MP3 and its transcript
            path.unlink(missing_ok=True)
        if not parts_only:
            for suffix in OUTPUT_SUFFIXES:
                (self.folder / f"{narration_id}{suffix}").unlink(missing_ok=True)


class S3Media:
    """Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...) under a key prefix, through boto3."""

    def __init__(self, url: str, endpoint_url: str = "", region: str = "", url_expiry_s: int = 3600) -> None:
        import boto3
        from botocore.config import Config

        parsed = urlparse(url)
        self.bucket, self.prefix = parsed.netloc, parsed.path.strip("/")
        self.url_expiry_s = url_expiry_s
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region or None,
                                   config=Config(retries={"max_attempts": 5, "mode": "standard"},
                                                 max_pool_connections=32))

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def publish(self, path: Path) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        suffix = next((s for s in OUTPUT_SUFFIXES if path.name.endswith(s)), path.suffix)
        try:
            self.client.upload_file(str(path), self.bucket, self.key(path.name), ExtraArgs={
                "ContentType": CONTENT_TYPES.get(suffix, "application/octet-stream")})
        except (BotoCoreError, ClientError) as exc:
            raise AudioError(f"could not upload {path.name} to s3://{self.bucket}/{self.prefix}: {exc}") from exc
        path.unlink(missing_ok=True)

    def stat(self, name: str) -> StoredFile | None:
        """Size and ETag of a stored file, or None when it is absent."""
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(name))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredFile(int(head["ContentLength"]), head["ETag"].strip('"'), head.get("LastModified"))

    def read(self, name: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes start..end (inclusive), streamed; the request is made when iteration starts."""
        body = self.client.get_object(Bucket=self.bucket, Key=self.key(name), Range=f"bytes={start}-{end}")["Body"]
        try:
            yield from body.iter_chunks(CHUNK_BYTES)
        finally:
            body.close()

    def presigned_url(self, name: str, content_type: str) -> str:
        """A time-limited GET URL that serves Range requests itself."""
        return self.client.generate_presigned_url(
            "get_object", ExpiresIn=self.url_expiry_s,
            Params={"Bucket": self.bucket, "Key": self.key(name), "ResponseContentType": content_type})

    def origin(self) -> str:
        """scheme://host[:port] of the presigned URLs (for the player's Content-Security-Policy)."""
        parsed = urlparse(self.presigned_url("origin-probe", "audio/mpeg"))
        return f"{parsed.scheme}://{parsed.netloc}"

    def clone(self, source_id: str, target_id: str) -> bool:
        if not all(self.stat(f"{source_id}{suffix}") for suffix in OUTPUT_SUFFIXES):
            return False
        for suffix in OUTPUT_SUFFIXES:
            self.client.copy_object(Bucket=self.bucket, Key=self.key(f"{target_id}{suffix}"),
                                    CopySource={"Bucket": self.bucket, "Key": self.key(f"{source_id}{suffix}")})
        return True

    def delete(self, narration_id: str, parts_only: bool = False) -> None:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                      Prefix=self.key(f"{narration_id}."))
        keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
        if parts_only:
            keys = [key for key in keys if ".part-" in key]
        for start in range(0, len(keys), 1000):
            self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": key} for key in keys[start:start + 1000]], "Quiet": True})


def media_for(settings: Settings) -> FolderMedia | S3Media:
    """The media store the settings name."""
    if settings.media_delivery not in ("redirect", "proxy"):
        raise ValueError(f"media_delivery must be redirect or proxy, not {settings.media_delivery!r}")
    if not settings.media_url:
        return FolderMedia(settings.out_dir)
    if settings.media_url.startswith("s3://") and urlparse(settings.media_url).netloc:
        try:
            return S3Media(settings.media_url, settings.s3_endpoint_url, settings.s3_region,
                           settings.media_url_expiry_s)
        except ImportError as exc:
            raise ValueError("media_url is s3:// but boto3 is not installed: pip install 'narrator[scale]'") from exc
    raise ValueError(f"unsupported media_url {settings.media_url!r}: leave it empty (files in out_dir) "
                     "or use s3://bucket/prefix")
