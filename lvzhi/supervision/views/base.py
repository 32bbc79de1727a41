"""What every supervision page shares: who may read. A `Register` (`lvzhi.core.registers`, declared in
`lvzhi.supervision.registers`) names a model's list columns, filters, form, services and detail fields
once; `core.register_pages` serves the list (with its export), detail, create, edit and action views
of every register from it (`lvzhi.supervision.views.pages`), and the list, its export and the API
filter through `core.registers.filter_records`."""

from lvzhi.core import registers
from lvzhi.supervision.selectors import can_read

reader_required = registers.reader_required(can_read)
