from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from partners.views import apply_validation_error

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


def post_detail(request, slug: str):
    post = get_object_or_404(Post.objects.select_related("author"), slug=slug)
    if not post.is_published and not request.user.has_perm("news.manage_posts"):
        raise Http404
    return render(request, "news/detail.html", {"post": post})


class StaffPostListView(PermissionRequiredMixin, View):
    permission_required = "news.manage_posts"

    def get(self, request):
        posts = Post.objects.select_related("author")
        page = Paginator(posts, 30).get_page(request.GET.get("page"))
        return render(request, "news/staff_list.html", {"page": page, "query": ""})


class PostEditView(PermissionRequiredMixin, View):
    permission_required = "news.manage_posts"

    def dispatch(self, request, *args, **kwargs):
        slug = kwargs.get("slug")
        self.post_obj = get_object_or_404(Post, slug=slug) if slug else None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, slug=None):
        return self.show(PostForm(instance=self.post_obj))

    def post(self, request, slug=None):
        if "delete" in request.POST and self.post_obj:
            services.post_delete(post=self.post_obj, actor=request.user)
            messages.success(request, _("The post has been deleted."))
            return redirect("news:staff_list")
        form = PostForm(request.POST, request.FILES, instance=self.post_obj)
        if form.is_valid():
            try:
                if self.post_obj:
                    post = services.post_update(
                        post=self.post_obj, actor=request.user, **form.post_fields()
                    )
                else:
                    post = services.post_create(author=request.user, **form.post_fields())
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The post has been saved."))
                return redirect(post.get_absolute_url())
        return self.show(form)

    def show(self, form):
        return render(self.request, "news/form.html", {"form": form, "post": self.post_obj})
