"""Test factories for the directory (real rows through the real services where they write)."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import make_user
from lvzhi.org.factories import make_member
from lvzhi.org.models import Sector, Studio


def png_bytes(width=1, height=1) -> bytes:
    """A valid RGB PNG of one colour (written by hand: no imaging library is installed)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xc8\x1e\x1e" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def png_upload(name="photo.png", content=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else png_bytes(), content_type="image/png")


class DirectoryWorld:
    """On top of the personas: a colleague in 武威 with an account, a county member of 凉州区 with an
    account, the 平凉 member's account, a second sector and a studio."""

    def __init__(self, personas):
        p = self.p = personas
        self.sector2 = Sector.objects.create(committee=p.wuwei, name="教育界")
        self.colleague_person = make_member(p.wuwei, "刘洋", sector=self.sector2, mobile="13912345678")
        self.colleague_person.email = "liuyang@example.cn"
        self.colleague_person.title = "武威市第一中学校长"
        self.colleague_person.save()
        self.colleague = make_user("colleague", roles=[Role.MEMBER], committee=p.wuwei, member=self.colleague_person)
        self.county_member = make_user(
            "county_member", roles=[Role.MEMBER], committee=p.liangzhou, member=p.county_person
        )
        self.pingliang_member = make_user(
            "pingliang_member", roles=[Role.MEMBER], committee=p.pingliang, member=p.pingliang_person
        )
        self.studio = Studio.objects.create(committee=p.wuwei, name="教育界别委员工作室")
        self.studio.members.add(self.colleague_person)
