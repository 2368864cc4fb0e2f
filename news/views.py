"""News: the public list and posts, the staff's list and editor. Staff pages go through the
gate (core.permissions); scheduled posts are hidden from everyone else."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.permissions import PermissionGateMixin, require_perm
from core.views import ServiceFormView

from . import services
from .forms import PostForm
from .models import Post

PAGE_SIZE = 10


def post_list(request):
    posts = Post.objects.published().only(
        "title", "slug", "teaser", "image", "image_alt", "publish_at"
    )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/list.html", {"page": page, "query": ""})


def post_by_slug(request, slug: str, **kwargs) -> Post:
    return get_object_or_404(Post.objects.select_related("author"), slug=slug)


@require_perm("news.view_post", obj=post_by_slug, hidden=True)
def post_detail(request, slug: str, obj: Post):
    return render(request, "news/detail.html", {"post": obj})


class StaffPostListView(PermissionGateMixin, View):
    permission_required = "news.manage_posts"

    def get(self, request):
        posts = Post.objects.select_related("author")
        page = Paginator(posts, 30).get_page(request.GET.get("page"))
        return render(request, "news/staff_list.html", {"page": page, "query": ""})


class PostEditView(ServiceFormView):
    permission_required = "news.manage_posts"
    form_class = PostForm
    template_name = "news/form.html"
    success_message = gettext_lazy("The post has been saved.")

    def get_permission_object(self):
        slug = self.kwargs.get("slug")
        self.post_obj = get_object_or_404(Post, slug=slug) if slug else None
        return self.post_obj

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.post_obj}

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_obj, **kwargs)

    def post(self, request, *args, **kwargs):
        if "delete" in request.POST and self.post_obj:
            services.post_delete(post=self.post_obj, actor=request.user)
            messages.success(request, _("The post has been deleted."))
            return redirect("news:staff_list")
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        if self.post_obj:
            return services.post_update(
                post=self.post_obj,
                actor=self.request.user,
                update_slug=form.wants_new_slug(),
                **form.post_fields(),
            )
        return services.post_create(author=self.request.user, **form.post_fields())

    def get_success_url(self):
        return self.result.get_absolute_url()
