/* embed.S - files compiled into the binary: the default config and the region codes.
 * Each is followed by a NUL so it can be read as a C string; see embed.h. */
	.section .rodata
	.global bantu_embed_config
	.global bantu_embed_config_end
	.global bantu_embed_wilayah
	.global bantu_embed_wilayah_end
	.balign 16
bantu_embed_config:
	.incbin "config/bantu.yaml"
bantu_embed_config_end:
	.byte 0
	.balign 16
bantu_embed_wilayah:
	.incbin "data/wilayah/indonesia-2025.csv"
bantu_embed_wilayah_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
