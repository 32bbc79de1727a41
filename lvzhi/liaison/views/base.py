"""What every liaison page shares: who may read (the register pages, `core.register_pages`, are served
from the declarations in `lvzhi.liaison.views.pages`)."""

from lvzhi.core import registers
from lvzhi.liaison.selectors import can_read

reader_required = registers.reader_required(can_read)
