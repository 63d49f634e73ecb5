/*
 * prog_restru.h - program 7, Restrukturisasi: facilitating loan restructuring
 * and payment relief for UMKM and koperasi debtors (model/prog_restru.c).
 */
#ifndef BANTU_PROG_RESTRU_H
#define BANTU_PROG_RESTRU_H

#include "model/program.h"

extern const struct entity_meta meta_restrukturisasi;
extern const struct program program_restrukturisasi;

#endif
