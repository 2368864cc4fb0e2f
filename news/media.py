"""News images are served from /media/ only to whom may see the post (core.media): the image
of a scheduled post stays hidden until the post is published."""

from .models import Post

IMAGE_FOLDER = "news/"


def post_of_image(name: str):
    post = Post.objects.filter(image=name).first()
    return None if post is None else (post, "news.view_post")


def register() -> None:
    from core.media import register_image_folder

    register_image_folder(IMAGE_FOLDER, post_of_image)
