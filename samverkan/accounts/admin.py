from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from samverkan.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_superuser", "is_active")
