from lvzhi.core.errors import ServiceError


def apply_service_error(form, exc: ServiceError) -> None:
    """Show a service's field errors on the form (unknown fields as form errors)."""
    if not exc.errors:
        form.add_error(None, str(exc.message))
        return
    for field, messages in exc.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))
