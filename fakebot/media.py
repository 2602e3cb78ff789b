"""Uploaded files: store them, read image sizes, and render PhotoSize/Document objects."""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass
from typing import Any

from fakebot.models import StoredFile, bad_request

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class Upload:
    """One multipart file part."""

    data: bytes
    filename: str | None
    content_type: str | None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG image, or None if it is neither."""
    if data.startswith(_PNG_MAGIC) and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in _JPEG_SOF:
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return None


class FileStore:
    """Files the bot uploaded, by file_id and by download path."""

    def __init__(self) -> None:
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}
        self._counter = 0

    def _add(self, kind: str, upload: Upload, extension: str) -> StoredFile:
        self._counter += 1
        n = self._counter
        stored = StoredFile(
            file_id=f"AgACAgfake{kind}{n:06d}",
            file_unique_id=f"AQADfake{n:06d}",
            path=f"{kind}s/file_{n}{extension}",
            data=upload.data,
            file_name=upload.filename,
            mime_type=upload.content_type,
        )
        self.by_id[stored.file_id] = stored
        self.by_path[stored.path] = stored
        return stored

    def resolve(self, kind: str, value: Any, uploads: dict[str, Upload]) -> StoredFile:
        """The file named by a ``photo``/``document`` parameter: upload, attach:// or file_id."""
        if isinstance(value, Upload):
            return self._store(kind, value)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"there is no {kind} in the request")
            return self._store(kind, upload)
        if isinstance(value, str) and value in self.by_id:
            return self.by_id[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    def receive(self, upload: Upload) -> StoredFile:
        """A document a user sends: stored like the bot's, so getFile and the download
        work on it as Telegram documents them."""
        return self._store("document", upload)

    def _store(self, kind: str, upload: Upload) -> StoredFile:
        if not upload.data:
            raise bad_request("file must be non-empty")
        if kind == "photo":
            size = image_size(upload.data)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            stored = self._add("photo", upload, ".jpg")
            stored.width, stored.height = size
            stored.mime_type = None
            return stored
        name = upload.filename or "file"
        extension = name[name.rfind(".") :] if "." in name else ""
        stored = self._add("document", upload, extension)
        if not stored.mime_type or stored.mime_type == "application/octet-stream":
            stored.mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return stored


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "width": stored.width or 0,
            "height": stored.height or 0,
        }
    ]


def document_json(stored: StoredFile) -> dict[str, Any]:
    result: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if stored.file_name:
        result["file_name"] = stored.file_name
    if stored.mime_type:
        result["mime_type"] = stored.mime_type
    return result


def file_json(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.path,
    }
