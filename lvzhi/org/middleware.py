"""A read request reads the member's current seats once: the to-dos, home panels and lists of
notices, study materials and deliberation topics each ask who a record reaches through the user's
seats (`org.audience.addressed_to_q`), three queries a time without this. Only reads (GET, HEAD): a
request that writes may change a seat and must read it afresh."""

from lvzhi.org.audience import remembered_seats


class RememberSeatsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with remembered_seats():
            return self.get_response(request)
