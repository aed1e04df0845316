def pkce_required(client_id: str) -> bool:
    """PKCE is required for public clients and accepted (verified when sent) for confidential ones.

    Referenced from settings, so models are imported lazily.
    """
    from oauth2_provider.models import get_application_model

    Application = get_application_model()
    return not Application.objects.filter(client_id=client_id, client_type=Application.CLIENT_CONFIDENTIAL).exists()
