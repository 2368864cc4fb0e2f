"""Project images are served from /media/ only to whom may see the project (core.media):
a draft's image is as private as the draft."""

from .models import Project

IMAGE_FOLDER = "projects/images/"


def project_of_image(name: str):
    project = Project.objects.select_related("lead_partner").filter(image=name).first()
    return None if project is None else (project, "projects.view_project")


def register() -> None:
    from core.media import register_image_folder

    register_image_folder(IMAGE_FOLDER, project_of_image)
