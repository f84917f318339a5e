using System.Reflection;

namespace TradingPlatform.BusinessLayer;

/// <summary>
/// The platform's "invoke safely": each subscriber is called on its own by dynamic invoke; an exception is caught and
/// logged, and the next subscriber still runs.
/// </summary>
internal static class SafeInvoker
{
    internal static void Invoke(Delegate handlers, LoggerManager log, params object[] args)
    {
        if (handlers == null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                handler.DynamicInvoke(args);
            }
            catch (TargetInvocationException e)
            {
                log.LogHandlerError(handler, e.InnerException ?? e);
            }
            catch (Exception e)
            {
                log.LogHandlerError(handler, e);
            }
        }
    }
}
