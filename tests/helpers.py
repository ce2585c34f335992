"""Helpers several app tests share: free ports, concurrent posts, hostile files."""

import io
import socket
import threading
import zipfile

import pytest
from django.db import connection
from django.test import Client

ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need a server database; CI runs this on PostgreSQL"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def at_once(count, post):
    """Run `post(index)` in `count` threads released together; returns their results."""
    start = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            start.wait()
            results[index] = post(index)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def docx_bytes(document_xml, padding=0):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document_xml)
        if padding:
            archive.writestr("word/media/padding.xml", b" " * padding)
    return buffer.getvalue()


BOMB = docx_bytes("<w:document/>", padding=30 * 1024 * 1024)  # 30 MB of spaces in about 30 KB
