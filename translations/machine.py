"""Machine drafts from a LibreTranslate-compatible server (off unless MACHINE_TRANSLATION_URL).

The API: `POST {url}/translate` with JSON `{"q", "source", "target", "format": "text",
"api_key"}` answers `{"translatedText": "..."}`. LibreTranslate is the open-source server
people run themselves; ccec never sends text anywhere the secretariat did not configure.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings


class MachineTranslationError(Exception):
    """The server did not give a translation (down, refused, or an answer we cannot read)."""


def is_configured():
    return bool(settings.MACHINE_TRANSLATION_URL)


def _code(language):
    return settings.MACHINE_TRANSLATION_CHINESE_CODE if language == "zh-hans" else language


def translate(text, source, target):
    """`text` from language `source` to `target` (ccec's codes: "en", "zh-hans")."""
    if not text.strip():
        return ""
    payload = {"q": text, "source": _code(source), "target": _code(target), "format": "text"}
    if settings.MACHINE_TRANSLATION_API_KEY:
        payload["api_key"] = settings.MACHINE_TRANSLATION_API_KEY
    request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
        settings.MACHINE_TRANSLATION_URL.rstrip("/") + "/translate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MACHINE_TRANSLATION_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise MachineTranslationError(str(exc)) from exc
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, str):
        raise MachineTranslationError(f"no translatedText in the answer: {str(answer)[:200]}")
    return translated
