export default function Home() {
  return (
    <main className="mx-auto max-w-5xl p-6">
      <h1 className="text-2xl font-semibold">bge-m3 Studio</h1>
      <p className="mt-2 text-slate-600">Dense, sparse and ColBERT similarity with bge-m3, on your own CPU.</p>
    </main>
  );
}
