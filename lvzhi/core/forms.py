from lvzhi.core.errors import ServiceError


def apply_service_error(form, exc: ServiceError) -> None:
    """Show a service's field errors on the form (unknown fields as form errors)."""
    if not exc.errors:
        form.add_error(None, str(exc.message))
        return
    for field, messages in exc.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))


def error_line(exc: ServiceError) -> str:
    """A refusal as one line for a page message: the refusal, then each field's problem
    ("输入有误，请检查后重试：标题必填；日期格式应为 YYYY-MM-DD。"), without doubled punctuation."""
    details = [str(m).rstrip("。；") for problems in exc.errors.values() for m in problems]
    if not details:
        return str(exc.message)
    return f"{str(exc.message).rstrip('。')}：{'；'.join(details)}。"
