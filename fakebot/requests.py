"""A Bot API request's parameters, from wherever Telegram accepts them: the query string, a
JSON body, or an url-encoded or multipart form (whose files become uploads)."""

from __future__ import annotations

from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.web_request import FileField

from fakebot.media import Upload
from fakebot.models import ApiError


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    raw: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method != "POST" or not request.body_exists:
        return raw, uploads
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON encoded request") from None
        if isinstance(body, dict):
            raw.update(body)
    else:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, FileField):
                upload = Upload(value.file.read(), value.filename, value.content_type)
                uploads[name] = upload
                raw[name] = upload
            elif not isinstance(value, BodyPartReader):
                raw[name] = value
    return raw, uploads
