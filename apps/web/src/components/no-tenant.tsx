export function NoTenant() {
  return (
    <div className="card mx-auto max-w-lg p-8 text-center">
      <h1 className="text-lg font-semibold">No tenant yet</h1>
      <p className="mt-2 text-sm text-slate-400">Your account is not a member of any tenant. Ask an administrator of your organization to add you.</p>
    </div>
  );
}
