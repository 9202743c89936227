"""Names of the channel-layer groups. A socket joins only groups its user may see."""


def user_group(user_id):
    return f"user.{user_id}"
