# The README's commands. Each target bootstraps .venv on its own, so `make demo` and `make test`
# both work alone on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-without-soffice lint templates bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: render every example into out/
demo: $(STAMP)
	mkdir -p out
	$(BIN)/vanban render examples/*.yaml -o out/
	$(BIN)/vanban copy out/ke_hoach_cchc_2022.docx --data examples/ban_sao/sao_y.yaml \
		-o out/ke_hoach_cchc_2022-sao-y.docx --overwrite
	$(BIN)/python examples/quick_start.py out/quick_start.docx
	$(BIN)/python examples/che_do_bao_cao_2022.py
	$(BIN)/python examples/so_dang_ky_2022.py out
	$(BIN)/python examples/giay_moi/lam_giay_moi.py out/giay_moi
	@if command -v soffice >/dev/null 2>&1 || [ -n "$$VANBAN_SOFFICE" ]; then \
		$(BIN)/vanban pdf out/*.docx -o out/ --merge out/tat_ca.pdf \
		|| echo "The PDFs were not made: see the message above (docs/pdf.md, Installing LibreOffice)"; \
		$(BIN)/python examples/ky_so/ky_va_ban_hanh.py out/ky_so \
		|| echo "The signed Quyết định was not made: see the message above (docs/ky-so.md)"; \
		for signed in quyet_dinh_ban_hanh ke_hoach_kem_theo_ban_hanh quyet_dinh_sao_y; do \
			$(BIN)/vanban verify out/ky_so/$$signed.pdf --trust out/ky_so/pki/root.pem \
			|| echo "out/ky_so/$$signed.pdf: not every signature is valid (docs/ky-so.md)"; \
		done; \
	else echo "LibreOffice not found: skipping the PDFs (see README)"; fi

## test: ruff, mypy --strict on src and examples, pytest
test: lint
	$(BIN)/python -m pytest

## test-without-soffice: the suite as on a machine without LibreOffice (its tests skip)
test-without-soffice: $(STAMP)
	.ci/without-soffice $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests examples templates benchmarks
	$(BIN)/ruff format --check src tests examples templates benchmarks
	$(BIN)/mypy src examples

## bench: the side-by-side benchmarks of docs/performance.md (installs unoserver, the PDF
## benchmark's peer, into the venv: a benchmark-only tool, not a dependency)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_compress.py
	$(BIN)/python benchmarks/bench_big.py
	$(BIN)/python benchmarks/bench_cold_start.py
	$(BIN)/python benchmarks/bench_batch_memory.py
	$(BIN)/python -c "import unoserver" 2>/dev/null || $(BIN)/pip install -q "unoserver>=3.0"
	$(BIN)/python benchmarks/bench_pdf.py --docs 20 --unoserver
	$(BIN)/python benchmarks/bench_pdf.py --docs 200 --cold 20 --unoserver
	$(BIN)/python benchmarks/bench_register.py
	$(BIN)/python benchmarks/bench_giay_moi.py
	$(BIN)/python benchmarks/bench_check.py

## templates: rebuild the built-in .docx templates from templates/build.py
templates: $(STAMP)
	$(BIN)/python templates/build.py

clean:
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache
