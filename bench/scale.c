// SPDX-License-Identifier: GPL-2.0
/*
 * The series' own benchmark, in userspace (will-it-scale style, cover letter
 * of seed 002): N pinned threads each loop on the page-cache fast path of
 * one hot page -- speculative folio_try_get(), the recheck that the page is
 * still the one looked up, folio_put() -- and we count loops per second.
 * Built once per variant with real atomics and no harness hooks
 * (SHIM_NO_HOOKS). A base reference is held throughout, so the page is
 * never freed; __folio_put being reached would be a bug and aborts.
 *
 *   bench_scale_<variant> MAX_THREADS SECONDS   ->  CSV: variant,threads,ops_per_sec
 */
#define _GNU_SOURCE
#include <linux/mm.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct page hot __attribute__((aligned(64)));
static struct page *volatile slot = &hot;	/* the page cache entry */
static atomic_int stop;
static atomic_int ready;

void __folio_put(struct folio *folio)
{
	(void)folio;
	fprintf(stderr, "bench_scale: the hot page was freed: refcount bug\n");
	abort();
}

struct worker {
	pthread_t tid;
	int cpu;
	unsigned long ops;
	char pad[64];
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned long ops = 0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	atomic_fetch_add(&ready, 1);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		struct folio *folio = page_folio(slot);

		if (folio_try_get(folio)) {
			if (page_folio(slot) == folio)	/* xas_reload */
				ops++;
			folio_put(folio);
		}
	}
	w->ops = ops;
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int maxt = argc > 1 ? atoi(argv[1]) : (int)sysconf(_SC_NPROCESSORS_ONLN);
	double secs = argc > 2 ? atof(argv[2]) : 2.0;
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), n, i;
	struct worker *w = calloc((size_t)maxt, sizeof(*w));

	if (maxt < 1 || secs <= 0) {
		fprintf(stderr, "usage: %s MAX_THREADS SECONDS\n", argv[0]);
		return 2;
	}
	init_page_count(&hot);		/* the page cache's own reference */
	for (n = 1; n <= maxt; n++) {
		unsigned long total = 0;
		double t0, t1;

		atomic_store(&stop, 0);
		atomic_store(&ready, 0);
		for (i = 0; i < n; i++) {
			w[i].cpu = i % ncpu;
			w[i].ops = 0;
			pthread_create(&w[i].tid, NULL, worker_main, &w[i]);
		}
		while (atomic_load(&ready) < n)
			;
		t0 = now();
		usleep((useconds_t)(secs * 1e6));
		atomic_store(&stop, 1);
		for (i = 0; i < n; i++) {
			pthread_join(w[i].tid, NULL);
			total += w[i].ops;
		}
		t1 = now();
		if (page_ref_count(&hot) != 1) {
			fprintf(stderr, "bench_scale: refcount %d after the run, want 1\n", page_ref_count(&hot));
			return 1;
		}
		printf("%s,%d,%.0f\n", BENCH_VARIANT, n, total / (t1 - t0));
		fflush(stdout);
	}
	return 0;
}
