from django.contrib import admin

from samverkan.importer.models import ImportBatch, ImportedDocument


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["pk", "source", "created_by", "created_at", "total", "processed", "created", "updated", "failed"]
    readonly_fields = ["entries"]


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "meeting", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = ["sha256", "size", "content_type", "text", "extracted", "proposal", "applied"]
